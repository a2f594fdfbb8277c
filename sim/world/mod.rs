//! Loading scenario and observation files.
