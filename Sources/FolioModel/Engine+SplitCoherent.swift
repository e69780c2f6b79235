import FolioScenario

extension Engine {
  /// The caution a `split_folio()` step adds for a large device-coherent folio ("" for any
  /// other). v7.0's `__folio_split` looks after device-private folios only:
  /// `zone_device_private_split_cb()` gives each new folio back the pgmap that its first word (a
  /// tail's `compound_head`) held until the split cleared it, and `lru_add_split_folio()` returns
  /// early. A device-coherent folio gets neither: its new folios are left without a pgmap and,
  /// after a `VM_WARN_ON` (a ZONE_DEVICE folio is never on the LRU), linked into the head's LRU
  /// list through that same word. A kernel bug; the model keeps the pieces off the LRU, in their
  /// device memory, and goes on.
  func coherentSplitCaution(_ head: PFN) -> String {
    guard frame(head).zone == .deviceCoherent else { return "" }
    return " Caution, a kernel bug: this folio is device-coherent, and zone_device_private_split_cb() restores the pgmap "
      + "of the new folios (their first word held compound_head until the split cleared it) for device-private memory "
      + "only; and lru_add_split_folio(), which returns early only for device-private folios, warns (VM_WARN_ON: a "
      + "ZONE_DEVICE folio is never on the LRU) and links each new folio into the head's LRU list through that same "
      + "word. So the pieces after the head are left without a valid pgmap, and the next use of it "
      + "(folio_is_device_coherent(), or the driver's folio_free when the piece is freed) breaks. The model keeps the "
      + "pieces off the LRU, as device memory, and goes on."
  }
}
