"""Registrations of exemplars: who may do what (permissions), the services that change them
(services), the road to high awards (roadmap) and the spreadsheets units send (spreadsheets)."""
