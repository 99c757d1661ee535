//! OData system query options: `$select`, `$expand`, `$filter`, `$orderby`, `$top`,
//! `$skip`, `$skiptoken`, `$count`.

use crate::errors::{GraphError, GraphResult};
use crate::util::{b64url, b64url_decode, norm_guid, parse_iso};
use serde_json::{Map, Value};
use std::cmp::Ordering;

pub(crate) const SELECT: u16 = 1;
pub(crate) const EXPAND: u16 = 2;
pub(crate) const FILTER: u16 = 4;
pub(crate) const TOP: u16 = 8;
pub(crate) const SKIP: u16 = 16;
pub(crate) const SKIPTOKEN: u16 = 32;
pub(crate) const COUNT: u16 = 64;
pub(crate) const ORDERBY: u16 = 128;
pub(crate) const COLLECTION_ONLY: u16 = FILTER | TOP | SKIP | SKIPTOKEN | COUNT | ORDERBY;

const KNOWN: &[(&str, u16)] = &[
    ("$select", SELECT),
    ("$expand", EXPAND),
    ("$filter", FILTER),
    ("$top", TOP),
    ("$skip", SKIP),
    ("$skiptoken", SKIPTOKEN),
    ("$count", COUNT),
    ("$orderby", ORDERBY),
    ("$search", 0),
    ("$format", 0),
    ("$deltatoken", 0),
];

/// What a route accepts.
pub(crate) struct QuerySpec<'a> {
    pub allowed: u16,
    pub type_name: &'a str,
    pub props: &'a [&'static str],
    pub expandable: &'a [&'static str],
    pub filterable: &'a [&'static str],
    pub sortable: &'a [&'static str],
    /// Writes ignore query options they don't use (but unknown `$` options are still refused).
    pub ignore_inapplicable: bool,
}

#[derive(Debug, Default)]
pub(crate) struct Query {
    pub select: Option<Vec<&'static str>>,
    pub expand: Vec<&'static str>,
    pub filter: Option<Filter>,
    pub top: Option<usize>,
    pub skip: usize,
    pub skiptoken: Option<usize>,
    pub count: bool,
    pub orderby: Vec<(&'static str, bool)>,
    /// The query options to carry into a nextLink (everything but `$skip`/`$skiptoken`).
    pub carry: Vec<(String, String)>,
}

fn lookup(name: &str, props: &[&'static str]) -> Option<&'static str> {
    props.iter().copied().find(|p| p.eq_ignore_ascii_case(name))
}

fn no_property(name: &str, ty: &str) -> GraphError {
    GraphError::bad_request(format!(
        "Could not find a property named '{name}' on type '{ty}'."
    ))
}

pub(crate) fn parse_query(pairs: &[(String, String)], spec: &QuerySpec<'_>) -> GraphResult<Query> {
    let mut q = Query::default();
    let mut seen: Vec<u16> = Vec::new();
    for (k, v) in pairs {
        if !k.starts_with('$') {
            continue;
        }
        let Some((_, flag)) = KNOWN.iter().find(|(n, _)| n.eq_ignore_ascii_case(k)) else {
            return Err(GraphError::bad_request(format!(
                "The query parameter '{k}' is not supported."
            )));
        };
        let flag = *flag;
        if flag != 0 && seen.contains(&flag) {
            return Err(GraphError::bad_request(format!(
                "Query option '{k}' was specified more than once, but it must be specified at most once."
            )));
        }
        seen.push(flag);
        if spec.allowed & flag == 0 || flag == 0 {
            if spec.ignore_inapplicable {
                continue;
            }
            if flag & COLLECTION_ONLY != 0 {
                return Err(GraphError::bad_request(
                    "The query specified in the URI is not valid. The requested resource is not a collection. Query options $filter, $orderby, $count, $skip, and $top can be applied only on collections.",
                ));
            }
            return Err(GraphError::unsupported_query(format!(
                "The query option '{k}' is not supported on this resource."
            )));
        }
        if flag != SKIP && flag != SKIPTOKEN {
            q.carry.push((k.to_ascii_lowercase(), v.clone()));
        }
        match flag {
            SELECT => {
                let mut list = Vec::new();
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    if item == "*" {
                        list.extend_from_slice(spec.props);
                        continue;
                    }
                    let c = lookup(item, spec.props)
                        .ok_or_else(|| no_property(item, spec.type_name))?;
                    if !list.contains(&c) {
                        list.push(c);
                    }
                }
                q.select = Some(list);
            }
            EXPAND => {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let name = item.split('(').next().unwrap_or(item).trim();
                    let targets: Vec<&'static str> = if name == "*" {
                        spec.expandable.to_vec()
                    } else {
                        vec![
                            lookup(name, spec.expandable)
                                .ok_or_else(|| no_property(name, spec.type_name))?,
                        ]
                    };
                    if item.contains('(') {
                        return Err(GraphError::unsupported_query(
                            "Query options inside $expand are not supported on this resource.",
                        ));
                    }
                    for t in targets {
                        if !q.expand.contains(&t) {
                            q.expand.push(t);
                        }
                    }
                }
            }
            FILTER => q.filter = Some(parse_filter(v, spec)?),
            TOP => {
                let n: i64 = v.trim().parse().map_err(|_| {
                    GraphError::bad_request(format!("Invalid value '{v}' for $top query option found. The $top query option requires a non-negative integer value."))
                })?;
                if !(1..=999).contains(&n) {
                    return Err(GraphError::request_bad_request(format!(
                        "Invalid page size specified: '{n}'. Must be between 1 and 999 inclusive."
                    )));
                }
                q.top = Some(n as usize);
            }
            SKIP => {
                q.skip = v.trim().parse().map_err(|_| {
                    GraphError::bad_request(format!("Invalid value '{v}' for $skip query option found. The $skip query option requires a non-negative integer value."))
                })?;
            }
            SKIPTOKEN => {
                q.skiptoken = Some(decode_skiptoken(v).ok_or_else(|| {
                    GraphError::request_bad_request("The specified page token value is invalid.")
                })?);
            }
            COUNT => {
                q.count = match v.trim().to_ascii_lowercase().as_str() {
                    "true" => true,
                    "false" => false,
                    _ => {
                        return Err(GraphError::bad_request(format!(
                            "'{v}' is not a valid count option."
                        )));
                    }
                }
            }
            ORDERBY => {
                for item in v.split(',').map(str::trim).filter(|s| !s.is_empty()) {
                    let mut words = item.split_whitespace();
                    let name = words.next().unwrap_or("");
                    let desc = match words.next().map(|w| w.to_ascii_lowercase()) {
                        None => false,
                        Some(w) if w == "asc" => false,
                        Some(w) if w == "desc" => true,
                        Some(w) => {
                            return Err(GraphError::bad_request(format!(
                                "Syntax error at position {} in '{v}': unexpected '{w}'.",
                                item.len()
                            )));
                        }
                    };
                    let c = lookup(name, spec.sortable).ok_or_else(|| {
                        GraphError::unsupported_query(format!(
                            "Sorting on the property '{name}' is not supported."
                        ))
                    })?;
                    q.orderby.push((c, desc));
                }
            }
            _ => {}
        }
    }
    Ok(q)
}

pub(crate) fn encode_skiptoken(offset: usize) -> String {
    b64url(format!("graph-emulator:{offset}").as_bytes())
}

fn decode_skiptoken(s: &str) -> Option<usize> {
    let raw = b64url_decode(s.trim())?;
    let text = String::from_utf8(raw).ok()?;
    text.strip_prefix("graph-emulator:")?.parse().ok()
}

/// Applies `$select` (when given) to a rendered object.
pub(crate) fn apply_select(
    obj: Map<String, Value>,
    select: Option<&Vec<&'static str>>,
    keep: &[&str],
) -> Map<String, Value> {
    match select {
        None => obj,
        Some(list) => obj
            .into_iter()
            .filter(|(k, _)| list.iter().any(|s| s == k) || keep.contains(&k.as_str()))
            .collect(),
    }
}

// ---------------- $filter ----------------

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Lit {
    Str(String),
    Bool(bool),
    Null,
    Date(time::OffsetDateTime),
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Op {
    Eq,
    Ne,
    Gt,
    Ge,
    Lt,
    Le,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Filter {
    And(Box<Filter>, Box<Filter>),
    Or(Box<Filter>, Box<Filter>),
    Not(Box<Filter>),
    Cmp(&'static str, Option<&'static str>, Op, Lit),
    StartsWith(&'static str, String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    LParen,
    RParen,
    Comma,
}

fn unsupported_filter() -> GraphError {
    GraphError::unsupported_query(
        "Unsupported or invalid query filter clause specified for property or navigation property.",
    )
}

fn tokenize(s: &str) -> GraphResult<Vec<Tok>> {
    let mut out = Vec::new();
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            ' ' | '\t' => i += 1,
            '(' => {
                out.push(Tok::LParen);
                i += 1;
            }
            ')' => {
                out.push(Tok::RParen);
                i += 1;
            }
            ',' => {
                out.push(Tok::Comma);
                i += 1;
            }
            '\'' => {
                let mut v = String::new();
                i += 1;
                loop {
                    match chars.get(i) {
                        None => {
                            return Err(GraphError::bad_request(format!(
                                "There is an unterminated string literal in '{s}'."
                            )));
                        }
                        Some('\'') if chars.get(i + 1) == Some(&'\'') => {
                            v.push('\'');
                            i += 2;
                        }
                        Some('\'') => {
                            i += 1;
                            break;
                        }
                        Some(ch) => {
                            v.push(*ch);
                            i += 1;
                        }
                    }
                }
                out.push(Tok::Str(v));
            }
            c if c.is_alphanumeric() || "_/.-:+$".contains(c) => {
                let start = i;
                while i < chars.len()
                    && (chars[i].is_alphanumeric() || "_/.-:+$".contains(chars[i]))
                {
                    i += 1;
                }
                out.push(Tok::Word(chars[start..i].iter().collect()));
            }
            _ => {
                return Err(GraphError::bad_request(format!(
                    "Syntax error: character '{c}' is not valid at position {i} in '{s}'."
                )));
            }
        }
    }
    Ok(out)
}

struct Parser<'a, 's> {
    toks: Vec<Tok>,
    pos: usize,
    spec: &'a QuerySpec<'s>,
}

impl Parser<'_, '_> {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.toks.get(self.pos), Some(Tok::Word(x)) if x.eq_ignore_ascii_case(w))
    }
    fn next(&mut self) -> Option<Tok> {
        let t = self.toks.get(self.pos).cloned();
        self.pos += 1;
        t
    }
    fn expect(&mut self, t: Tok) -> GraphResult<()> {
        if self.next() == Some(t) {
            Ok(())
        } else {
            Err(unsupported_filter())
        }
    }
    fn or(&mut self) -> GraphResult<Filter> {
        let mut l = self.and()?;
        while self.peek_word("or") {
            self.pos += 1;
            l = Filter::Or(Box::new(l), Box::new(self.and()?));
        }
        Ok(l)
    }
    fn and(&mut self) -> GraphResult<Filter> {
        let mut l = self.unary()?;
        while self.peek_word("and") {
            self.pos += 1;
            l = Filter::And(Box::new(l), Box::new(self.unary()?));
        }
        Ok(l)
    }
    fn unary(&mut self) -> GraphResult<Filter> {
        if self.peek_word("not") {
            self.pos += 1;
            return Ok(Filter::Not(Box::new(self.unary()?)));
        }
        self.primary()
    }
    fn property(&self, w: &str) -> GraphResult<(&'static str, Option<&'static str>)> {
        let mut parts = w.splitn(2, '/');
        let head = parts.next().unwrap_or("");
        let c = lookup(head, self.spec.filterable).ok_or_else(unsupported_filter)?;
        match parts.next() {
            None => Ok((c, None)),
            Some(sub) if sub.eq_ignore_ascii_case("isSyncAllowed") => {
                Ok((c, Some("isSyncAllowed")))
            }
            Some(_) => Err(unsupported_filter()),
        }
    }
    fn literal(&mut self) -> GraphResult<Lit> {
        match self.next() {
            Some(Tok::Str(s)) => Ok(Lit::Str(s)),
            Some(Tok::Word(w)) => match w.to_ascii_lowercase().as_str() {
                "true" => Ok(Lit::Bool(true)),
                "false" => Ok(Lit::Bool(false)),
                "null" => Ok(Lit::Null),
                _ => parse_iso(&w).map(Lit::Date).ok_or_else(unsupported_filter),
            },
            _ => Err(unsupported_filter()),
        }
    }
    fn primary(&mut self) -> GraphResult<Filter> {
        match self.next() {
            Some(Tok::LParen) => {
                let f = self.or()?;
                self.expect(Tok::RParen)?;
                Ok(f)
            }
            Some(Tok::Word(w)) => {
                if matches!(self.toks.get(self.pos), Some(Tok::LParen)) {
                    if !w.eq_ignore_ascii_case("startswith") {
                        return Err(unsupported_filter());
                    }
                    self.pos += 1;
                    let prop = match self.next() {
                        Some(Tok::Word(p)) => self.property(&p)?,
                        _ => return Err(unsupported_filter()),
                    };
                    self.expect(Tok::Comma)?;
                    let lit = match self.literal()? {
                        Lit::Str(s) => s,
                        _ => return Err(unsupported_filter()),
                    };
                    self.expect(Tok::RParen)?;
                    if prop.1.is_some() {
                        return Err(unsupported_filter());
                    }
                    return Ok(Filter::StartsWith(prop.0, lit));
                }
                let (prop, sub) = self.property(&w)?;
                let op = match self.next() {
                    Some(Tok::Word(o)) => match o.to_ascii_lowercase().as_str() {
                        "eq" => Op::Eq,
                        "ne" => Op::Ne,
                        "gt" => Op::Gt,
                        "ge" => Op::Ge,
                        "lt" => Op::Lt,
                        "le" => Op::Le,
                        _ => return Err(unsupported_filter()),
                    },
                    _ => return Err(unsupported_filter()),
                };
                Ok(Filter::Cmp(prop, sub, op, self.literal()?))
            }
            _ => Err(unsupported_filter()),
        }
    }
}

fn parse_filter(s: &str, spec: &QuerySpec<'_>) -> GraphResult<Filter> {
    let toks = tokenize(s)?;
    if toks.is_empty() {
        return Err(unsupported_filter());
    }
    let mut p = Parser { toks, pos: 0, spec };
    let f = p.or()?;
    if p.pos != p.toks.len() {
        return Err(unsupported_filter());
    }
    Ok(f)
}

fn compare_values(v: &Value, lit: &Lit, prop: &str) -> Option<Ordering> {
    match (v, lit) {
        (Value::Null, Lit::Null) => Some(Ordering::Equal),
        (Value::Null, _) | (_, Lit::Null) => None,
        (Value::Bool(a), Lit::Bool(b)) => Some(a.cmp(b)),
        (Value::String(a), Lit::Str(b)) => {
            if prop == "tenantId" {
                Some(norm_guid(a).cmp(&norm_guid(b)))
            } else {
                Some(a.to_lowercase().cmp(&b.to_lowercase()))
            }
        }
        (Value::String(a), Lit::Date(b)) => parse_iso(a).map(|a| a.cmp(b)),
        _ => None,
    }
}

impl Filter {
    pub fn matches(&self, obj: &Map<String, Value>) -> bool {
        match self {
            Filter::And(a, b) => a.matches(obj) && b.matches(obj),
            Filter::Or(a, b) => a.matches(obj) || b.matches(obj),
            Filter::Not(a) => !a.matches(obj),
            Filter::StartsWith(p, s) => obj
                .get(*p)
                .and_then(Value::as_str)
                .is_some_and(|v| v.to_lowercase().starts_with(&s.to_lowercase())),
            Filter::Cmp(p, sub, op, lit) => {
                let null = Value::Null;
                let mut v = obj.get(*p).unwrap_or(&null);
                if let Some(sub) = sub {
                    v = v.get(*sub).unwrap_or(&null);
                }
                let ord = compare_values(v, lit, p);
                match op {
                    Op::Eq => ord == Some(Ordering::Equal),
                    Op::Ne => ord != Some(Ordering::Equal),
                    Op::Gt => ord == Some(Ordering::Greater),
                    Op::Ge => matches!(ord, Some(Ordering::Greater | Ordering::Equal)),
                    Op::Lt => ord == Some(Ordering::Less),
                    Op::Le => matches!(ord, Some(Ordering::Less | Ordering::Equal)),
                }
            }
        }
    }
}

/// Sort key comparison for `$orderby` (nulls first, strings case-insensitive, dates by time).
pub(crate) fn order(
    a: &Map<String, Value>,
    b: &Map<String, Value>,
    by: &[(&'static str, bool)],
) -> Ordering {
    for (p, desc) in by {
        let va = a.get(*p).unwrap_or(&Value::Null);
        let vb = b.get(*p).unwrap_or(&Value::Null);
        let o = match (va, vb) {
            (Value::Null, Value::Null) => Ordering::Equal,
            (Value::Null, _) => Ordering::Less,
            (_, Value::Null) => Ordering::Greater,
            (Value::String(x), Value::String(y)) => match (parse_iso(x), parse_iso(y)) {
                (Some(dx), Some(dy)) if *p == "deletedDateTime" => dx.cmp(&dy),
                _ => x.to_lowercase().cmp(&y.to_lowercase()),
            },
            (x, y) => x.to_string().cmp(&y.to_string()),
        };
        let o = if *desc { o.reverse() } else { o };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn spec() -> QuerySpec<'static> {
        QuerySpec {
            allowed: SELECT | FILTER | TOP | SKIP | SKIPTOKEN | COUNT | ORDERBY,
            type_name: "t",
            props: &[
                "tenantId",
                "displayName",
                "deletedDateTime",
                "userSyncInbound",
            ],
            expandable: &[],
            filterable: &[
                "tenantId",
                "displayName",
                "deletedDateTime",
                "userSyncInbound",
            ],
            sortable: &["tenantId", "displayName", "deletedDateTime"],
            ignore_inapplicable: false,
        }
    }

    fn q(k: &str, v: &str) -> GraphResult<Query> {
        parse_query(&[(k.to_string(), v.to_string())], &spec())
    }

    #[test]
    fn filters() {
        let o = json!({"tenantId": "AB", "displayName": "Fabrikam East", "deletedDateTime": "2025-06-18T23:11:01Z", "userSyncInbound": {"isSyncAllowed": true}});
        let o = o.as_object().unwrap();
        let m = |f: &str| q("$filter", f).unwrap().filter.unwrap().matches(o);
        assert!(m("displayName eq 'fabrikam east'"));
        assert!(m("startswith(displayName,'Fab')"));
        assert!(!m("startswith(displayName,'x')"));
        assert!(m("tenantId eq 'ab' and not (displayName eq 'x')"));
        assert!(m("deletedDateTime ge 2025-01-01T00:00:00Z"));
        assert!(m("userSyncInbound/isSyncAllowed eq true"));
        assert!(m("displayName eq 'x' or tenantId eq 'AB'"));
        assert_eq!(
            q("$filter", "endswith(displayName,'x')")
                .unwrap_err()
                .status,
            400
        );
        assert_eq!(q("$filter", "foo eq 1").unwrap_err().status, 400);
        assert_eq!(q("$filter", "displayName eq").unwrap_err().status, 400);
    }

    #[test]
    fn options() {
        assert_eq!(q("$top", "0").unwrap_err().status, 400);
        assert_eq!(q("$top", "5").unwrap().top, Some(5));
        assert_eq!(q("$bogus", "1").unwrap_err().status, 400);
        assert_eq!(
            q("$select", "DisplayName").unwrap().select,
            Some(vec!["displayName"])
        );
        assert_eq!(q("$select", "nope").unwrap_err().status, 400);
        assert_eq!(
            q("$orderby", "displayName desc").unwrap().orderby,
            vec![("displayName", true)]
        );
        assert_eq!(
            q("$skiptoken", &encode_skiptoken(7)).unwrap().skiptoken,
            Some(7)
        );
        assert_eq!(q("$skiptoken", "garbage").unwrap_err().status, 400);
        assert!(q("$count", "true").unwrap().count);
        assert!(q("select", "whatever").is_ok());
    }
}
