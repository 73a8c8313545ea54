"""The plan's taxonomy in the admin: units, fields of work, emulation movements and awards
(snippet viewsets). The models are in `models.snippets`; their reference data in
`core.reference_data`."""
