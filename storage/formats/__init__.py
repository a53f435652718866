"""The file formats nettui speaks: LinkedIn and Google CSV, vCard, iCalendar, JSON."""
