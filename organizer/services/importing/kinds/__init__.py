"""The import kinds, one module each; `registry` lists them."""
