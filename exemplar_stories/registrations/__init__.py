"""Registrations of exemplars: the services that change them (services), the spreadsheets
units send (spreadsheets), the road to high awards (roadmap) and the admin screens (admin,
wagtail-modeladmin). Who may do what is `access.registrations`."""
