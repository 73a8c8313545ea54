"""What citizens see: the one read gate (`selectors.public_stories`), the index's filters (one
form that owns the public parameter names), the feeds, JSON-LD, the navigation link and the
shared page cache. `routes` is what the pages' routes call (the seam models → public)."""
