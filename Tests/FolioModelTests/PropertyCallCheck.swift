import FolioModel
import FolioScenario

/// The per-call half of the content property (and, through `KernelRuleCheck`, the rules on which
/// entries may migrate at all): after each call's finalize, every page that
/// migrated is mapped, wherever its source was mapped, by its destination holding the source's
/// data; every page that did not is mapped exactly as before the call. A page one of the call's
/// own events accessed is checked against what `TouchRule` says the access made of that outcome
/// (mapping, bits, data); pages another call changed meanwhile (a nested `migrate_to_ram`) are
/// left to the end-to-end data check, since their mapping legitimately changed.
struct CallOutcomeCheck {
  let timeline: Timeline

  /// One message per broken expectation, naming the call, slot and address.
  func failures() -> [String] {
    var added: [Int] = []
    for step in timeline.steps {
      for change in step.changes {
        if case .callAdded = change { added.append(step.index) }
      }
    }
    return added.indices.flatMap { check(call: $0, added: added) }
  }

  /// `added`: the step at which each call was added.
  private func check(call c: Int, added: [Int]) -> [String] {
    let s0 = added[c]
    guard let end = timeline.steps.first(where: { $0.index > s0 && $0.call == c && $0.phase == .finalize && $0.label == "done" })
    else { return [] }
    let pre = timeline.state(at: s0 - 1)
    let (touches, until) = touchWindow(call: c, done: end.index, added: added)
    let post = timeline.state(at: until)
    let (disturbed, faulted, converted) = touchedPages(call: c, from: s0, to: until)
    let call = post.calls[c]
    let process = call.process.flatMap { post.processIndex(named: $0) }
    let setup = timeline.steps[s0...end.index].first { $0.call == c && $0.phase == .setup && $0.label == "return" }
    let atSetup = setup.map { timeline.state(at: $0.index) }
    let setupSrc = atSetup?.calls[c].src
    var messages = KernelRuleCheck(pre: pre, call: call, setupSrc: setupSrc, name: "call \(c)").failures()
    // The folios __folio_split split while mapped during the call (collect's splits).
    let splitHeads = Set(timeline.steps[s0...end.index].compactMap { step -> PFN? in
      guard step.call == c, step.label == "split", !step.failed,
            ["migrate_vma_split_folio", "migrate_vma_collect_huge_pmd"].contains(step.function) else { return nil }
      return step.pfn.flatMap { pre.folio(of: $0)?.pfn }
    })
    var covered = 0
    var sourceDirty: [PFN: Bool] = [:]
    for slot in call.src.indices where slot >= covered {
      let src = call.src[slot]
      let dst = call.dst[slot]
      let span = src & MigratePFN.compound != 0 ? hpagePMDNr : 1
      covered = slot + span
      let migrated = src & MigratePFN.migrate != 0 && MigratePFN.page(dst) != nil
      // A page of a large folio collected on its own (its own slot, no C, when setup returned):
      // the folio was split while mapped. One collected whole and split later, unmapped, by
      // migrate_vma_split_unmapped_folio() (which fills the tail slots) has no such round trip.
      let srcAtSetup = setupSrc?[slot] ?? src
      let split = MigratePFN.page(srcAtSetup) != nil && srcAtSetup & MigratePFN.compound == 0
        && MigratePFN.page(src).flatMap { pre.folio(of: $0) }.map { $0.order > 0 } == true
      let collected = MigratePFN.page(srcAtSetup) != nil && srcAtSetup & MigratePFN.migrate != 0
      let holeFilled = migrated && MigratePFN.page(src) == nil
      // folio_migrate_flags() hands the source's PG_dirty to the destination.
      if migrated, let pfn = MigratePFN.page(src), let head = MigratePFN.page(dst),
         !pre.mappers(of: pfn).contains(where: { disturbed.contains(PageKey($0)) }) {
        let source = pre.folio(of: pfn)?.pfn ?? pfn
        let wanted = sourceDirty[source] ?? pre.dirtyWhenUnmapped(source)
        sourceDirty[source] = wanted
        if post.folio(of: head)?.dirty != wanted {
          messages.append("call \(c) slot \(slot) src \(MigratePFN.hex(src)) dst \(MigratePFN.hex(dst)): the destination's "
            + "PG_dirty is \(post.folio(of: head)?.dirty == true), the unmapped source's was \(wanted)")
        }
      }
      for k in 0..<span {
        var places: [(process: Int, address: UInt64)] = []
        if let pfn = MigratePFN.page(src) {
          places = pre.mappers(of: pfn + UInt64(k))
        } else if let process, let address = call.address(of: slot + k) {
          places = [(process, address)]
        }
        for place in places where !disturbed.contains(PageKey(place)) {
          var before = pre.resolved(place.process, place.address)
          var preBits = pre.entryBits(place.process, place.address)
          if let zero = pre.zeroPageAfterSplit(before, bits: preBits, splitHeads: splitHeads, kernel: timeline.kernel) {
            // The split left the zero page here: that is what the rest of the call met.
            (before, preBits) = (ResolvedMapping(kind: .zero, pfn: nil, write: false), zero)
          }
          var expected = before
          let vmaWrite = post.processes[place.process].vma(containing: place.address)?.writable ?? false
          if migrated, let head = MigratePFN.page(dst) {
            let pfn = head + UInt64(k)
            expected = ResolvedMapping(kind: post.frame(pfn)?.zone == .devicePrivate ? .devicePrivate : .present, pfn: pfn,
                                       write: MigratePFN.page(src) == nil ? vmaWrite : before.write)
          }
          let bits = (preBits, post.entryBits(place.process, place.address))
          let afterPMD = if case .huge = post.processes[place.process].pmd(at: place.address) { true } else { false }
          var wantedBits = EntryBitsRule.expected(before: before, bits: bits.0, after: expected,
                                                  converted: converted.contains(PageKey(place)), split: split,
                                                  vmaWritable: vmaWrite, kernel: timeline.kernel, afterPMD: afterPMD)
          let mine = touches.map { self.touches($0, of: place, in: post) } ?? []
          let touched = !mine.isEmpty
          var pfnKnown = true
          if touched {
            let anonPage = expected.pfn.flatMap { (migrated ? post : pre).folio(of: $0) }?.mapping == .anon
            let hugeZeroUntilPages = timeline.kernel.hasCompound
              && pre.processes[place.process].pmd(at: place.address) == .hugeZero
            guard let entry = afterTouches(mine, at: place, alone: expected, bits: wantedBits, holeFilled: holeFilled,
                                           hugeZeroUntilPages: hugeZeroUntilPages,
                                           anonPage: anonPage, in: post) else { continue }
            (expected, wantedBits, pfnKnown) = (entry.mapping, entry.bits, entry.pfnKnown)
          } else if faulted.contains(PageKey(place)) {
            continue
          }
          var after = post.resolved(place.process, place.address)
          let what = "call \(c) slot \(slot + k) src \(MigratePFN.hex(src)) dst \(MigratePFN.hex(dst)) at "
            + "\(post.processes[place.process].name):\(MigratePFN.hex(place.address))"
          if !pfnKnown { after.pfn = nil }
          if after != expected { messages.append("\(what): mapped by \(after), expected \(expected) (before: \(before))") }
          // A present entry restored, or moved present to present, keeps its dirty bit (the
          // migration entry carries it); a page left where it was keeps PageAnonExclusive.
          if !touched, after.kind == .present && before.kind == .present,
             post.dirty(place.process, place.address) != pre.dirty(place.process, place.address) {
            messages.append("\(what): dirty \(post.dirty(place.process, place.address)), was \(pre.dirty(place.process, place.address))")
          }
          if !touched, !migrated, after == before, before.kind == .present,
             post.anonExclusive(place.process, place.address) != pre.anonExclusive(place.process, place.address) {
            messages.append("\(what): PageAnonExclusive \(post.anonExclusive(place.process, place.address)), was "
              + "\(pre.anonExclusive(place.process, place.address))")
          }
          // Still MIGRATE when setup returned: every mapping is a migration entry made by collect
          // or try_to_migrate_one.
          if let atSetup, collected,
             let wanted = EntryBitsRule.migrationEntry(before: before, bits: bits.0, split: split, kernel: timeline.kernel),
             atSetup.migrationBits(place.process, place.address) != wanted {
            messages.append("\(what): migration entry at setup \(atSetup.migrationBits(place.process, place.address).map(\.description) ?? "none"), "
              + "expected \(wanted) (before: \(bits.0.map(\.description) ?? "none"))")
          }
          if let wanted = wantedBits, bits.1 != wanted {
            messages.append("\(what): bits \(bits.1.map(\.description) ?? "none"), expected \(wanted) (before: "
              + "\(bits.0.map(\.description) ?? "none")\(touched ? ", then \(mine.map { $0.write ? "a store" : "a load" })" : ""))")
          }
          let data = (post.data(place.process, place.address), pre.data(place.process, place.address))
          if data.0 != data.1 { messages.append("\(what): data \(data.0 ?? "lost"), expected \(data.1 ?? "lost")") }
        }
      }
    }
    return messages
  }

  /// Pages whose entries changed in a step of another call during this call (disturbed), in a
  /// fault or event step of this call (faulted: another thread's access), and in this call's own
  /// steps (converted to migration entries, split or filled, so rebuilt by the kernel's helpers).
  private func touchedPages(call c: Int, from s0: Int, to end: Int)
    -> (disturbed: Set<PageKey>, faulted: Set<PageKey>, converted: Set<PageKey>) {
    var disturbed = Set<PageKey>()
    var faulted = Set<PageKey>()
    var converted = Set<PageKey>()
    for step in timeline.steps[(s0 + 1)...end] {
      for change in step.changes {
        var pages: [PageKey] = []
        switch change {
        case .pte(let vpn, _, _, let p): pages = [PageKey(process: Int(p), vpn: vpn)]
        case .pmd(let index, _, _, let p): pages = (0..<UInt64(hpagePMDNr)).map { PageKey(process: Int(p), vpn: (index << 9) + $0) }
        default: break
        }
        if step.call != c {
          disturbed.formUnion(pages)
        } else if step.phase == .fault || step.phase == .event {
          faulted.formUnion(pages)
        } else {
          converted.formUnion(pages)
        }
      }
    }
    return (disturbed, faulted, converted)
  }
}

/// A virtual page of one process.
struct PageKey: Hashable {
  var process: Int
  var vpn: UInt64
  init(process: Int, vpn: UInt64) {
    self.process = process
    self.vpn = vpn
  }
  init(_ place: (process: Int, address: UInt64)) { self.init(process: place.process, vpn: place.address >> 12) }
}
