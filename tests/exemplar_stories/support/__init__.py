"""Shared builders for the plugin's tests: sites and stories (factories), registrations and
roles (registration_helpers), the editorial flow (workflow_helpers) and a real Standard
Webhooks receiver on 127.0.0.1 (receiver)."""
