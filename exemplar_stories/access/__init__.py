"""Authorization, in one place: who is who (`roles`), which stories a user may act on
(`stories`: unit scoping and the page permission tester), who may see and change
registrations (`registrations`), and the admin's gates built on them (`admin`: modeladmin
permission helpers, Office-only views and menu items). Every room asks here.

Kept import-free so that the page forms (imported by the models) can ask `roles`.
"""
