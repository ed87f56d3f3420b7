"""Reviews: the country reviews, their stages and stage history."""
