import Foundation
import Glibc

/// A pseudo-terminal pair: the child end is a real tty for the binary (so `isatty` holds) without
/// needing tmux; the parent end is kept open so the child never sees a hang-up.
final class PseudoTerminal {
  private let parent: Int32
  /// The tty end, to hand to the child as standard input and/or output.
  let child: FileHandle

  init() throws {
    let libc = LibcPTY()
    let parent = libc.openpt(O_RDWR | O_NOCTTY)
    guard parent >= 0, libc.grantpt(parent) == 0, libc.unlockpt(parent) == 0,
      let name = libc.ptsname(parent)
    else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
    let child = open(name, O_RDWR | O_NOCTTY)
    guard child >= 0 else {
      close(parent)
      throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)
    }
    self.parent = parent
    self.child = FileHandle(fileDescriptor: child, closeOnDealloc: true)
  }

  deinit { close(parent) }
}

/// glibc's pty functions, looked up at run time: the Glibc module does not import them, since
/// <stdlib.h> declares them only under _XOPEN_SOURCE.
private struct LibcPTY {
  typealias FileCall = @convention(c) (Int32) -> Int32
  typealias NameCall = @convention(c) (Int32) -> UnsafeMutablePointer<CChar>?

  let openpt: FileCall
  let grantpt: FileCall
  let unlockpt: FileCall
  let ptsname: NameCall

  init() {
    let handle = dlopen(nil, RTLD_NOW)
    func symbol<T>(_ name: String, _: T.Type) -> T {
      guard let address = dlsym(handle, name) else { fatalError("glibc lacks \(name)") }
      return unsafeBitCast(address, to: T.self)
    }
    openpt = symbol("posix_openpt", FileCall.self)
    grantpt = symbol("grantpt", FileCall.self)
    unlockpt = symbol("unlockpt", FileCall.self)
    ptsname = symbol("ptsname", NameCall.self)
  }
}
