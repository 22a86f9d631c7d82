// The system libcurl headers (Debian: libcurl4-openssl-dev, installed by scripts/bootstrap.sh).
#pragma once
#include <curl/curl.h>
