//! Country codes of the law: which strings name a country of origin.
//!
//! The law's measures name origins by ISO 3166-1 alpha-2 code (`JP`, `DE`)
//! or by group (`@EU27`, expanded when the law is read). A query's origin
//! must be a country, never a group or a typo: an origin of `EU` or `XX`
//! would match no country's measure and silently price the good as if it
//! came from a country with no deal at all. The one list the engine
//! checks against is `autopact_core::country` (re-exported here); this
//! module adds the law's own words: the code for "any other origin" and
//! the advice for a code that is a group (the duty stack refuses any
//! origin but a country or [`ANY_OTHER_ORIGIN`]).

pub use autopact_core::country::{
    COUNTRY_NAMES, ISO3166_ALPHA2, ISO3166_ALPHA3, alpha2, alpha3, is_country, name,
};

/// The user-assigned code the law engine takes for "any other origin":
/// no measure names it, so only measures on every origin apply (the tariff
/// wedges price their rest-of-world proxies with it). Not a country: the
/// request layer (CLI, API) refuses it as an origin like any other
/// non-country.
pub const ANY_OTHER_ORIGIN: &str = "ZZ";

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
    fn groups_get_advice_and_the_other_origin_is_no_country() {
        assert!(!is_country(ANY_OTHER_ORIGIN));
        assert!(advice("EU", true).contains("member state"));
        assert!(advice("UK", false).contains("GB"));
        assert_eq!(advice("XX", false), "");
    }
}
