# The API version (1.0), then the SDK's own patch number.
__version__ = "1.0.1"
API_VERSION = "1.0"
