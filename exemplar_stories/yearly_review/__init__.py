"""The yearly review (tổng kết, not the editorial review task): one year's stories by unit ×
kind, field and quarter, registrations and awards won; its tables, exports, chart and view."""
