"""The Voters section: the voter roll, searched and filtered, and what each refresh changed."""
