#if canImport(CMalloc)
import CMalloc
#endif

/// How far glibc grows a thread's heap when it runs out. A second thread's allocations come
/// from a heap of their own, which glibc grows by `mprotect` a little past each request (128
/// KiB by default); the checker copies a chunk for every one a checkpoint shares, hundreds of
/// megabytes in a large run, and those calls were a seventh of its thread's time. Growing by
/// 64 MiB at a time costs no memory: pages count only once written.
enum HeapGrowth {
  static let padding: Int32 = 64 << 20

  /// Makes every heap grow by `padding` past what a request needs (process-wide).
  static func widen() {
    #if canImport(CMalloc)
    _ = mallopt(M_TOP_PAD, padding)
    #endif
  }
}
