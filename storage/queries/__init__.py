"""Questions asked of the whole network: upcoming, insights, communities, the weekly battery."""
