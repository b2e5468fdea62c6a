"""newsalert: news feeds in, structured and corroborated event alerts out, on Kafka."""
