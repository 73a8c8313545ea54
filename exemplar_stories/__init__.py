"""Exemplar stories: gương điển hình tiên tiến, mô hình mới, nhân tố mới — a reusable Wagtail app."""
