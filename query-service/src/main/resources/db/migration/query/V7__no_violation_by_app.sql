-- The app filter of violations (and an app's record of processing) matches the app as reporter,
-- sender or recipient: an OR over three columns, which this index on the reporter alone cannot
-- serve (PostgreSQL walks violation_by_time, newest first, instead). It only cost an insert per row.
drop index violation_by_app;
