"""Importing finished downloads into the libraries: extract, classify, match, name and place."""
