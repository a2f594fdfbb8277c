//! Synthetic inputs where the real ones are not public: so far the emission-reduction list
//! (应急减排清单), drawn from a city's industrial structure so that its firms add up to the
//! county emission table.
//!
//! Owns the structure file's schema and validation ([`structure`]), the drawing of firms
//! ([`list`]) and the tables that describe the result ([`summary`]). Does no I/O: the caller
//! reads the files and writes the list (`smogsim synth list`). Knows nothing of what the plan
//! makes the firms do.

pub mod list;
pub mod structure;
pub mod summary;

pub use list::generate;
pub use structure::ListStructure;
