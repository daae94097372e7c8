"""mechdesign: optimal information mechanisms as convex programs."""
