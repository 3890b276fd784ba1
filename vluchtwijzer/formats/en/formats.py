# British-style dates for readers in Belgium (18 August 2025), not Django's "Aug. 18, 2025".
DATE_FORMAT = "j F Y"
