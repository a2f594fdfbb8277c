//! The city's actors under the plan: enterprises on the emission-reduction list, counties that
//! relay notices and inspect, traffic and dust sources, stored as arrays.
//!
//! Owns how each actor responds to the warning level in force over time — what it must do, how
//! far it complies, how fast it changes — and the emissions the responses remove. Knows nothing
//! of files or reports: requirements arrive resolved from the plan, the guide and the list.

pub mod accounting;
pub mod city;
pub mod counties;
pub mod dust;
pub mod enterprises;
pub mod from_world;
pub mod on_paper;
pub mod traffic;

#[cfg(test)]
mod tests;
