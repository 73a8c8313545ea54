"""The quarterly duty (plan, section IV): each quarter at least one exemplar on the portal (and,
if configured, delivered to Sở Nội vụ). Selectors for the panel, the report and the alert;
the alert email; the report view; the dashboard panel."""
