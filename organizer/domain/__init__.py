"""Pure domain rules: names, phones, emails, addresses, codes."""
