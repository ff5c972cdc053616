"""The Events section: the list, the event form, its roster and shifts, and the check-in kiosk."""
