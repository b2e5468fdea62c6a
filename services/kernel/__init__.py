"""The contract between newsalert services and the plumbing all three run the same way."""
