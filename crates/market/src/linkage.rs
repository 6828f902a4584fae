//! The linkage indicator: which businesses had no active sales channel —
//! no sale through a channel, no booth-week, no settled consignment, no
//! order — in the last N months, per office. The missing link, made
//! visible.
//!
//! The window is the N Jalali months ending with the month of the
//! reference date, up to and including that date. A business is linked if
//! it had, in the window, any of:
//!
//! - a ledger sale through a channel ([`LinkKind::Sale`]: the ledger is
//!   another domain, so the facade's `Program::links` adds these; a sale
//!   that was reversed does not count);
//! - a booth-week starting ([`LinkKind::Booking`]);
//! - a consignment settled ([`LinkKind::Consignment`]);
//! - part of a buyer order falling due ([`LinkKind::Order`]).
//!
//! Each office's figures break the linked businesses down by how they were
//! linked and by the kind of channel ([`ChannelKind`]) they sold through.
//!
//! ```
//! use homebiz_core::{JalaliDate, channel::ChannelKind, id::{BusinessId, OfficeId}};
//! use homebiz_market::linkage::{linkage, Link, LinkKind};
//!
//! let office = OfficeId::new();
//! let (a, b) = (BusinessId::new(), BusinessId::new());
//! let links = [Link {
//!     business: a,
//!     on: JalaliDate::new(1404, 5, 3)?,
//!     kind: LinkKind::Sale,
//!     channel: Some(ChannelKind::OnlineMarketplace),
//! }];
//! let report = linkage(&[(a, office), (b, office)], &links, JalaliDate::new(1404, 6, 15)?, 3)?;
//! assert_eq!(report.offices[0].linked, 1);
//! assert_eq!(report.offices[0].unlinked, vec![b]);
//! assert_eq!(report.offices[0].by_channel[&ChannelKind::OnlineMarketplace], 1);
//! # Ok::<(), homebiz_market::MarketError>(())
//! ```

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use homebiz_core::channel::ChannelKind;
use homebiz_core::id::{BusinessId, OfficeId};
use homebiz_core::text::Lang;
use homebiz_core::{JalaliDate, JalaliMonthRange};

use crate::error::{MarketError, Result};

/// A kind of channel activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKind {
    /// A sale through a channel, recorded in the ledger.
    Sale,
    /// A booth-week at an exhibition.
    Booking,
    /// A settled consignment.
    Consignment,
    /// A share of a buyer order.
    Order,
}

impl LinkKind {
    /// The name for people in `lang`.
    pub const fn name(self, lang: Lang) -> &'static str {
        match (self, lang) {
            (Self::Sale, Lang::En) => "sale",
            (Self::Sale, Lang::Fa) => "فروش",
            (Self::Booking, Lang::En) => "booth",
            (Self::Booking, Lang::Fa) => "غرفه",
            (Self::Consignment, Lang::En) => "consignment",
            (Self::Consignment, Lang::Fa) => "امانی",
            (Self::Order, Lang::En) => "order",
            (Self::Order, Lang::Fa) => "سفارش",
        }
    }
}

/// One piece of evidence that a business sold through a channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Link {
    /// The business.
    pub business: BusinessId,
    /// The day.
    pub on: JalaliDate,
    /// What kind.
    pub kind: LinkKind,
    /// The kind of channel, where one is known (a buyer order names a
    /// buyer, not a channel).
    pub channel: Option<ChannelKind>,
}

/// One office's figures.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OfficeLinkage {
    /// The office.
    pub office: OfficeId,
    /// Its businesses.
    pub businesses: usize,
    /// How many of them were linked.
    pub linked: usize,
    /// Linked by kind (a business may count under several).
    pub by_kind: BTreeMap<LinkKind, usize>,
    /// Linked by the kind of channel (a business may count under several;
    /// one linked only by buyer orders counts under none).
    pub by_channel: BTreeMap<ChannelKind, usize>,
    /// The businesses with no channel at all, by ID.
    pub unlinked: Vec<BusinessId>,
}

impl OfficeLinkage {
    /// The share linked, from 0 to 1 (1 for an office with no businesses).
    pub fn rate(&self) -> f64 {
        if self.businesses == 0 {
            1.0
        } else {
            self.linked as f64 / self.businesses as f64
        }
    }
}

/// The indicator for every office.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkageReport {
    /// The window's first day.
    pub from: JalaliDate,
    /// The window's last day (the reference date).
    pub until: JalaliDate,
    /// Months in the window.
    pub months: u32,
    /// Per office, ordered by office ID.
    pub offices: Vec<OfficeLinkage>,
}

/// The window of `months` Jalali months ending with `as_of`'s month, up to
/// `as_of`.
pub fn window(as_of: JalaliDate, months: u32) -> Result<(JalaliDate, JalaliDate)> {
    if months == 0 {
        return Err(MarketError::invalid("months", "must be at least 1"));
    }
    let range = JalaliMonthRange::ending_with(as_of.jalali_month(), months)?;
    Ok((range.first_day(), as_of))
}

/// The linkage indicator of `businesses` (each with its office) from
/// `links`, over the `months` Jalali months ending with `as_of`'s.
pub fn linkage(
    businesses: &[(BusinessId, OfficeId)],
    links: &[Link],
    as_of: JalaliDate,
    months: u32,
) -> Result<LinkageReport> {
    let (from, until) = window(as_of, months)?;
    let mut kinds: BTreeMap<BusinessId, (BTreeSet<LinkKind>, BTreeSet<ChannelKind>)> =
        BTreeMap::new();
    for link in links.iter().filter(|l| (from..=until).contains(&l.on)) {
        let (how, through) = kinds.entry(link.business).or_default();
        how.insert(link.kind);
        through.extend(link.channel);
    }
    let mut per_office: BTreeMap<OfficeId, Vec<BusinessId>> = BTreeMap::new();
    for &(business, office) in businesses {
        per_office.entry(office).or_default().push(business);
    }
    let offices = per_office
        .into_iter()
        .map(|(office, mut list)| {
            list.sort();
            list.dedup();
            let mut by_kind = BTreeMap::new();
            let mut by_channel = BTreeMap::new();
            let mut unlinked = Vec::new();
            for b in &list {
                match kinds.get(b) {
                    Some((how, through)) => {
                        for kind in how {
                            *by_kind.entry(*kind).or_insert(0) += 1;
                        }
                        for kind in through {
                            *by_channel.entry(*kind).or_insert(0) += 1;
                        }
                    }
                    None => unlinked.push(*b),
                }
            }
            OfficeLinkage {
                office,
                businesses: list.len(),
                linked: list.len() - unlinked.len(),
                by_kind,
                by_channel,
                unlinked,
            }
        })
        .collect();
    Ok(LinkageReport {
        from,
        until,
        months,
        offices,
    })
}
