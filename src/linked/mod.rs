//! Stage 5: what the rendered bodies say about the whole site.
//!
//! Once every body is rendered, [`graph`] checks `#anchor` links and inverts
//! every page's outgoing links into backlinks; [`related`] scores related
//! pages; [`memory`] lists what is overdue, without a successor or orphaned;
//! [`timeline`] gathers dated events; [`kindlinks`] counts the links between
//! kinds of page; and [`localgraph`] draws a page's neighbourhood and the
//! map's overview as SVG; [`actions`] follows every task-list item through
//! the handovers of its role.

pub mod actions;
pub mod graph;
pub mod kindlinks;
pub mod localgraph;
pub mod memory;
pub mod related;
pub mod timeline;
