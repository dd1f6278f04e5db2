//! Country codes: which strings name a country of origin.
//!
//! The law's measures name origins by ISO 3166-1 alpha-2 code (`JP`, `DE`)
//! or by group (`@EU27`, expanded when the law is read). A query's origin
//! must be a country, never a group or a typo: an origin of `EU` or `XX`
//! would match no country's measure and silently price the good as if it
//! came from a country with no deal at all. This module holds the one list
//! the engine checks against (the duty stack refuses any other origin but
//! [`ANY_OTHER_ORIGIN`]).
//!
//! The list is the 249 officially assigned alpha-2 codes of ISO 3166-1, as
//! in the Debian `iso-codes` package (the same source as
//! `data/concordance/countries.csv`, whose every code is here).

/// The user-assigned code the law engine takes for "any other origin":
/// no measure names it, so only measures on every origin apply (the tariff
/// wedges price their rest-of-world proxies with it). Not a country: the
/// request layer (CLI, API) refuses it as an origin like any other
/// non-country.
pub const ANY_OTHER_ORIGIN: &str = "ZZ";

/// The officially assigned ISO 3166-1 alpha-2 codes, sorted.
pub const ISO3166_ALPHA2: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// Whether `code` (upper case) is an assigned ISO 3166-1 alpha-2 code.
pub fn is_country(code: &str) -> bool {
    ISO3166_ALPHA2.binary_search(&code).is_ok()
}

/// What to write instead of `code` when it is not a country (empty when
/// there is nothing to add): a group or a common misspelling is named.
/// `origin`: the code was given as a country of origin.
pub fn advice(code: &str, origin: bool) -> &'static str {
    match code {
        "EU" => {
            "; the EU is not a country: the U.S.-EU deal is reached by a member state's code (e.g. DE)"
        }
        "UK" => "; the United Kingdom is GB",
        _ if origin => "; the EU deal is reached by a member state's code (e.g. DE)",
        _ => "",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_is_sorted_and_has_the_assigned_codes() {
        assert!(ISO3166_ALPHA2.windows(2).all(|w| w[0] < w[1]));
        for c in ["US", "CA", "MX", "DE", "JP", "KR", "GB", "TW", "CN"] {
            assert!(is_country(c), "{c}");
        }
        // Groups, reserved and user-assigned codes are not countries.
        for c in ["EU", "XX", "UK", "ZZ", "QO", "us", ""] {
            assert!(!is_country(c), "{c}");
        }
    }
}
