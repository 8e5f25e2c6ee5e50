"""The read-only web face: the status page a petitioner opens with the folio and the code of the acuse."""
