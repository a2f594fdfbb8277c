//! The report's figures (filled in by the figures work).
