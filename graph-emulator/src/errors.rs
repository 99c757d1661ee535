//! Graph-shaped errors.

use serde_json::Value;

/// An error that becomes a Graph error response
/// (`{"error":{"code","message","innerError":{...}}}`).
#[derive(Debug, Clone)]
pub(crate) struct GraphError(Box<GraphErrorBody>);

#[derive(Debug, Clone)]
pub(crate) struct GraphErrorBody {
    pub status: u16,
    pub code: String,
    pub message: String,
    pub details: Option<Value>,
    pub headers: Vec<(&'static str, String)>,
}

impl std::ops::Deref for GraphError {
    type Target = GraphErrorBody;
    fn deref(&self) -> &GraphErrorBody {
        &self.0
    }
}

impl std::ops::DerefMut for GraphError {
    fn deref_mut(&mut self) -> &mut GraphErrorBody {
        &mut self.0
    }
}

impl GraphError {
    pub fn new(status: u16, code: &str, message: impl Into<String>) -> Self {
        GraphError(Box::new(GraphErrorBody {
            status,
            code: code.to_string(),
            message: message.into(),
            details: None,
            headers: Vec::new(),
        }))
    }

    /// Generic OData reader / routing error (code `BadRequest`).
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "BadRequest", message)
    }

    /// Directory service validation error (code `Request_BadRequest`).
    pub fn request_bad_request(message: impl Into<String>) -> Self {
        Self::new(400, "Request_BadRequest", message)
    }

    pub fn segment_not_found(segment: &str) -> Self {
        Self::bad_request(format!("Resource not found for the segment '{segment}'."))
    }

    pub fn resource_not_found(id: &str) -> Self {
        Self::new(
            404,
            "Request_ResourceNotFound",
            format!(
                "Resource '{id}' does not exist or one of its queried reference-property objects are not present."
            ),
        )
    }

    pub fn object_not_found(id: &str) -> Self {
        Self::new(
            404,
            "Directory_ObjectNotFound",
            format!("Object with id '{id}' was not found in the directory."),
        )
    }

    pub fn unsupported_query(message: impl Into<String>) -> Self {
        Self::new(400, "Request_UnsupportedQuery", message)
    }

    pub fn conflict(message: impl Into<String>, target: &str) -> Self {
        let message = message.into();
        let mut e = Self::new(
            409,
            "Request_MultipleObjectsWithSameKeyValue",
            message.clone(),
        );
        e.details = Some(serde_json::json!([{
            "code": "ConflictingObjects",
            "message": message,
            "target": target,
        }]));
        e
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.headers.push((name, value.into()));
        self
    }
}

pub(crate) type GraphResult<T> = Result<T, GraphError>;
