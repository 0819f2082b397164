//! The shape of a SARIF 2.1.0 log, as serde writes it: the parts of the
//! one run pilotlint writes (its tool and rules, its invocation and
//! notifications, its results and their locations), with the names the
//! standard gives them.

use serde::Serialize;

#[derive(Serialize)]
pub(super) struct Tool<'a> {
    pub(super) driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Driver<'a> {
    pub(super) name: &'static str,
    pub(super) version: &'static str,
    #[serde(skip_serializing_if = "str::is_empty")]
    pub(super) information_uri: &'static str,
    pub(super) rules: Vec<Descriptor<'a>>,
}

/// A SARIF `reportingDescriptor`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Descriptor<'a> {
    pub(super) id: &'a str,
    /// SARIF wants a name different from the id, or none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) name: Option<String>,
    pub(super) short_description: Text<'a>,
    pub(super) full_description: Text<'a>,
    /// GitHub code scanning requires it on every rule.
    pub(super) help: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) help_uri: Option<&'a str>,
    pub(super) default_configuration: Configuration,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) properties: Option<Properties<'a>>,
}

#[derive(Serialize)]
pub(super) struct Text<'a> {
    pub(super) text: &'a str,
}

#[derive(Serialize)]
pub(super) struct Configuration {
    pub(super) level: &'static str,
}

/// GitHub code scanning shows `tags` as the rule's categories.
#[derive(Serialize)]
pub(super) struct Properties<'a> {
    pub(super) tags: &'a [String],
}

/// How the run went: `executionSuccessful` is false when it could not
/// check everything (exit status 2), with a notification for each reason.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Invocation<'a> {
    pub(super) execution_successful: bool,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) tool_execution_notifications: Vec<Notification<'a>>,
}

#[derive(Serialize)]
pub(super) struct Notification<'a> {
    pub(super) level: &'static str,
    pub(super) message: Text<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) locations: Vec<NotificationLocation>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NotificationLocation {
    pub(super) physical_location: ArtifactOnly,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ArtifactOnly {
    pub(super) artifact_location: ArtifactLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct SarifResult<'a> {
    pub(super) rule_id: &'a str,
    pub(super) rule_index: usize,
    pub(super) level: &'static str,
    pub(super) message: Text<'a>,
    pub(super) locations: [Location; 1],
    /// Places in other files the finding was compared with.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub(super) related_locations: Vec<RelatedLocation<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct RelatedLocation<'a> {
    pub(super) id: usize,
    pub(super) physical_location: PhysicalLocation,
    pub(super) message: Text<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Location {
    pub(super) physical_location: PhysicalLocation,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PhysicalLocation {
    pub(super) artifact_location: ArtifactLocation,
    pub(super) region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ArtifactLocation {
    pub(super) uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Region {
    pub(super) start_line: usize,
    pub(super) start_column: usize,
    pub(super) end_line: usize,
    pub(super) end_column: usize,
}
