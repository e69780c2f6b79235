import FolioScenario

/// Reads a machine's frames by pfn through a `FrameIndex` kept beside it: shared by the engine,
/// which mutates its machine, and the invariant checker, which replays the recorded steps onto
/// its own copy. The readers are inlined: a call that copied the conformer (or its machine) to
/// read one frame cost more than the read, dozens of times per slot.
protocol MachineReading {
  var machine: Machine { get }
  var frameIndex: FrameIndex { get }
}

extension MachineReading {
  /// The position of `pfn` in the machine's frames, or nil if no region holds it.
  @inline(__always) func position(of pfn: PFN) -> Int? { frameIndex.position(of: pfn) }

  @inline(__always) func frame(_ pfn: PFN) -> PageFrame {
    guard let index = position(of: pfn) else {
      preconditionFailure("pfn \(MigratePFN.hex(pfn)) is outside simulated memory (validation should refuse it)")
    }
    return PageFrame(pfn: pfn, words: machine.frames.words(at: index))
  }

  /// The head page of the folio that contains `pfn` (a folio never spans two regions, so its
  /// head is as many positions back as it is pfns back).
  @inline(__always) func folio(_ pfn: PFN) -> PageFrame {
    guard let index = position(of: pfn) else { return frame(pfn) }
    let offset = PageFrame.headOffset(word2: machine.frames.words(at: index).2)
    return PageFrame(pfn: pfn - PFN(offset), words: machine.frames.words(at: index - Int(offset)))
  }

  /// Whether `pfn` belongs to call `call`'s fault folio and the fault handler already holds its
  /// lock (v6.15+, so collect/unmap/finalize neither lock nor unlock it).
  @inline(__always) func isLockedFaultFolio(_ pfn: PFN, call: Int) -> Bool {
    guard let fault = lockedFaultFolio(call: call) else { return false }
    return fault == folio(pfn).pfn
  }

  /// The head of call `call`'s fault folio as it is now (`page_folio(fault_page)`), when the
  /// fault handler holds its lock (v6.15+); nil otherwise.
  @inline(__always) func lockedFaultFolio(call: Int) -> PFN? {
    guard machine.kernel.faultPageArrivesLocked, let fault = faultPage(of: call) else { return nil }
    return folio(fault).pfn
  }

  /// Call `call`'s fault page, if it has one, read in place (`machine.calls[call].faultPage`
  /// copied the whole call, retaining its arrays).
  @inline(__always) func faultPage(of call: Int) -> PFN? {
    machine.calls.withUnsafeBufferPointer { call < $0.count ? $0[call].faultPage : nil }
  }

  /// `folio_maybe_dma_pinned()`: a large folio counts its pins apart (`_pincount`); a small one
  /// may be pinned once its refcount, with `extra` references the caller holds, reaches
  /// GUP_PIN_COUNTING_BIAS. `__folio_try_share_anon_rmap` never refuses a device-private folio,
  /// which cannot be pinned.
  @inline(__always) func refusesShare(_ folio: PageFrame, extra: Int = 0) -> Bool {
    guard folio.zone != .devicePrivate else { return false }
    return folio.order > 0 ? folio.pins > 0 : folio.refcount + extra >= gupPinCountingBias
  }
}
