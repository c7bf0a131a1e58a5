from typing import Literal

# Folder names under paths.images.
ImageKind = Literal["shows", "movies"]
# "webp": resized for lists and pages; "original": as the provider sent it.
PosterSize = Literal["webp", "original"]
