//! The headers of an HTTP answer, kept compactly: every name and value in
//! one string, so an answer's dozen headers cost two allocations rather
//! than two dozen.

use std::fmt;

/// Answer headers in arrival order, names lower-cased (HTTP header names
/// are case-insensitive), values as received.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Headers {
    /// Each header's name then value, one after the other.
    text: String,
    /// Per header, where its name ends and where its value ends in `text`;
    /// it starts where the one before ended.
    ends: Vec<(u32, u32)>,
}

impl Headers {
    pub fn new() -> Self {
        Self::default()
    }

    /// Room for `count` headers of `bytes` bytes in all.
    pub fn with_capacity(count: usize, bytes: usize) -> Self {
        Self {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(count),
        }
    }

    /// Appends a header, lower-casing its name. A header that would take
    /// the whole past 4 GiB is dropped (no answer comes near: heads are
    /// limited long before).
    pub fn push(&mut self, name: &str, value: &str) {
        let Ok(end) = u32::try_from(self.text.len() + name.len() + value.len()) else {
            return;
        };
        let name_end = (self.text.len() + name.len()) as u32;
        let from = self.text.len();
        self.text.push_str(name);
        self.text[from..].make_ascii_lowercase();
        self.text.push_str(value);
        self.ends.push((name_end, end));
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// `(name, value)` pairs in arrival order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> + '_ {
        let mut start = 0usize;
        self.ends.iter().map(move |&(name_end, end)| {
            let (name_end, end) = (name_end as usize, end as usize);
            let pair = (&self.text[start..name_end], &self.text[name_end..end]);
            start = end;
            pair
        })
    }

    /// The first value of header `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v)
    }

    /// True when some header is `(name, value)`, the name case-insensitive.
    pub fn contains(&self, name: &str, value: &str) -> bool {
        self.iter()
            .any(|(n, v)| n.eq_ignore_ascii_case(name) && v == value)
    }
}

impl fmt::Debug for Headers {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl<'a> FromIterator<(&'a str, &'a str)> for Headers {
    fn from_iter<I: IntoIterator<Item = (&'a str, &'a str)>>(pairs: I) -> Self {
        let mut headers = Headers::new();
        for (name, value) in pairs {
            headers.push(name, value);
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_lower_cased_values_kept_and_order_preserved() {
        let mut h = Headers::with_capacity(3, 64);
        h.push("Content-Type", "application/JSON");
        h.push("Retry-After", "2");
        h.push("retry-after", "3");
        h.push("X-Empty", "");
        assert_eq!(h.len(), 4);
        let all: Vec<_> = h.iter().collect();
        assert_eq!(
            all,
            vec![
                ("content-type", "application/JSON"),
                ("retry-after", "2"),
                ("retry-after", "3"),
                ("x-empty", ""),
            ]
        );
        assert_eq!(h.get("RETRY-AFTER"), Some("2"));
        assert_eq!(h.get("x-empty"), Some(""));
        assert_eq!(h.get("missing"), None);
        assert!(h.contains("Content-Type", "application/JSON"));
        assert!(!h.contains("content-type", "application/json"));
    }

    #[test]
    fn empty_and_collected() {
        let h = Headers::new();
        assert!(h.is_empty());
        assert_eq!(h.iter().count(), 0);
        let h: Headers = [("A", "1"), ("b", "2")].into_iter().collect();
        assert_eq!(format!("{h:?}"), r#"[("a", "1"), ("b", "2")]"#);
    }
}
