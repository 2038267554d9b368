"""Regional reports: several boards' exports in an embedded DuckDB, asked the questions in
the `.sql` files beside this module (the same SQL runs on a warehouse: docs/scale.md)."""
