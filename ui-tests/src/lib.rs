//! See `tests/ui.rs`: the cases live in `cases/`, their SQL in `sql/`.
