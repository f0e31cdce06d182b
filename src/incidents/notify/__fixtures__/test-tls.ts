/**
 * A self-signed P-256 certificate for 127.0.0.1 and localhost, valid 2025-01-01 to 2125-01-01,
 * and its key. Test-only: it lets the suite run an SMTPS server and trust it through `ca`.
 * Generated with `openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256` and
 * `openssl ca -selfsign -startdate 20250101000000Z -enddate 21250101000000Z` with
 * `subjectAltName = IP:127.0.0.1,DNS:localhost`.
 */
export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgDR5gdyd1G/kCoO9P
C8EghR/HbGRqJLlpoMMFtra58IWhRANCAASM2Shab09cA+7367/g/QQcOjIZY9FU
i7qNL2jn9LkCqV1pgeCtPkfFvzImbss9dzyVxqlCtIYNuaF62vPR0grx
-----END PRIVATE KEY-----
`;

export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBZDCCAQqgAwIBAgIBATAKBggqhkjOPQQDAjAbMRkwFwYDVQQDDBB2ZXJpdHkt
dGVzdC1zbXRwMCAXDTI1MDEwMTAwMDAwMFoYDzIxMjUwMTAxMDAwMDAwWjAbMRkw
FwYDVQQDDBB2ZXJpdHktdGVzdC1zbXRwMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcD
QgAEjNkoWm9PXAPu9+u/4P0EHDoyGWPRVIu6jS9o5/S5AqldaYHgrT5Hxb8yJm7L
PXc8lcapQrSGDbmhetrz0dIK8aM9MDswGgYDVR0RBBMwEYcEfwAAAYIJbG9jYWxo
b3N0MB0GA1UdDgQWBBRyGm3txhcTiK7E2I1Ke9q+OetJJjAKBggqhkjOPQQDAgNI
ADBFAiEAiXb/8jJs9Bbc3PP7Wo5LRuJu8UtinF+1raNMxg+r9F4CIDVor7iP2Iur
jHfDYt2EITIP9Tkpunqgfu/dTQJdvDyr
-----END CERTIFICATE-----
`;
