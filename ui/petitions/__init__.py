"""The Petitions section: petitions with progress, sheets, the signature entry grid and check results."""
