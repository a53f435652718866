"""Looking after the user's data: doctor, forgetting a person, sample data."""
