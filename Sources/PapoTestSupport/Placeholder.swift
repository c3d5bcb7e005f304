enum PlaceholderPapoTestSupport {}
