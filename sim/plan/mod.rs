//! The plan as validated data, and the warning engine.
