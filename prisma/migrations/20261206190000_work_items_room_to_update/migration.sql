-- A bulk action's work items are written once (frozen at the request) and
-- updated once (done), and nothing indexed changes. Pages left half empty
-- keep the new version on its own page, a HOT update: no new entries in the
-- two indexes and no page added for it. On PGlite that made the update of a
-- batch's items about a fifth of what it was, and the bulk reset's rate a
-- tenth higher; the freeze writes twice the pages. Items already written keep
-- their pages as they are.
ALTER TABLE "bulk_action_items" SET (fillfactor = 50);
