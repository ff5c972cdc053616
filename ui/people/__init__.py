"""The People section: people, volunteers and the person form."""
