use crate::common::*;
use graph_emulator::{EmulatorConfig, SeedData};
use reqwest::Method;
use serde_json::{Value, json};

const LIST: &str = "/beta/policies/deletedItems/crossTenantSyncPolicyPartners";

fn guid(i: usize) -> String {
    format!("00000000-0000-4000-8000-{i:012}")
}

/// Seeds `n` deleted policies named "Partner 000".. with increasing deletion times.
fn seed(env: &Env, n: usize) {
    let deleted: Vec<Value> = (0..n)
        .map(|i| {
            json!({
                "tenantId": guid(i),
                "displayName": format!("Partner {i:03}"),
                "deletedDateTime": format!("2025-06-{:02}T10:00:00Z", 1 + i % 28),
                "userSyncInbound": {"isSyncAllowed": i % 2 == 0}
            })
        })
        .collect();
    env.emu
        .state()
        .apply_seed(&SeedData {
            tenant_id: Some(env.home()),
            deleted_sync_policies: deleted,
            ..Default::default()
        })
        .unwrap();
}

async fn all_pages(env: &Env, first: &str) -> (Vec<Value>, usize) {
    let t = env.token("reader").await;
    let mut url = env.url(first);
    let mut items = Vec::new();
    let mut pages = 0;
    loop {
        let r = env.client.get(&url).bearer_auth(&t).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let v: Value = r.json().await.unwrap();
        pages += 1;
        items.extend(v["value"].as_array().unwrap().iter().cloned());
        match v["@odata.nextLink"].as_str() {
            Some(next) => {
                assert!(next.contains("$skiptoken="), "{next}");
                url = next.to_string();
            }
            None => break,
        }
    }
    (items, pages)
}

#[tokio::test]
async fn paging_with_top_and_next_link() {
    let env = Env::new().await;
    seed(&env, 25);
    let (items, pages) = all_pages(&env, &format!("{LIST}?$top=10")).await;
    assert_eq!(pages, 3);
    assert_eq!(items.len(), 25);
    let mut ids: Vec<&str> = items
        .iter()
        .map(|i| i["tenantId"].as_str().unwrap())
        .collect();
    ids.dedup();
    assert_eq!(ids.len(), 25, "no duplicates across pages");
    // the nextLink carries the other options along
    let (items, pages) = all_pages(
        &env,
        &format!("{LIST}?$top=4&$select=displayName&$orderby=displayName desc"),
    )
    .await;
    assert_eq!(pages, 7);
    assert_eq!(items[0]["displayName"], "Partner 024");
    assert_eq!(items[24]["displayName"], "Partner 000");
    assert_eq!(items[0].as_object().unwrap().len(), 1);
}

#[tokio::test]
async fn default_page_size_comes_from_config() {
    let env = Env::with(EmulatorConfig {
        page_size: 5,
        ..Default::default()
    })
    .await;
    seed(&env, 12);
    let (items, pages) = all_pages(&env, LIST).await;
    assert_eq!((items.len(), pages), (12, 3));
}

#[tokio::test]
async fn filter_count_orderby_skip() {
    let env = Env::new().await;
    seed(&env, 12);
    let get = |q: String| {
        let env = &env;
        async move {
            let r = env.rw(Method::GET, &format!("{LIST}?{q}"), None).await;
            r.expect(200);
            r.json()
        }
    };
    let v = get(format!("$filter=tenantId eq '{}'", guid(3).to_uppercase())).await;
    assert_eq!(v["value"].as_array().unwrap().len(), 1);
    assert_eq!(v["value"][0]["displayName"], "Partner 003");
    let v = get("$filter=displayName eq 'partner 005'".into()).await;
    assert_eq!(v["value"][0]["tenantId"], guid(5));
    let v = get("$filter=startswith(displayName,'Partner 01')&$count=true".into()).await;
    assert_eq!(v["@odata.count"], 2);
    assert_eq!(v["value"].as_array().unwrap().len(), 2);
    let v = get("$filter=userSyncInbound/isSyncAllowed eq true&$count=true".into()).await;
    assert_eq!(v["@odata.count"], 6);
    let v = get("$orderby=deletedDateTime desc&$top=1".into()).await;
    assert_eq!(v["value"][0]["displayName"], "Partner 011");
    assert!(v["@odata.nextLink"].is_string());
    let v = get("$orderby=tenantId&$skip=10".into()).await;
    assert_eq!(v["value"].as_array().unwrap().len(), 2);
    let v = get("$count=true&$top=2".into()).await;
    assert_eq!(v["@odata.count"], 12, "count is the total, not the page");

    for bad in [
        "$filter=endswith(displayName,'1')",
        "$filter=nonsense",
        "$orderby=userSyncInbound",
        "$top=0",
        "$top=abc",
        "$skiptoken=notatoken",
        "$count=maybe",
        "$wat=1",
    ] {
        let r = env.rw(Method::GET, &format!("{LIST}?{bad}"), None).await;
        assert_eq!(r.status, 400, "{bad}: {}", r.text);
    }
}

#[tokio::test]
async fn deleted_items_per_tenant_and_roles() {
    let env = Env::new().await;
    seed(&env, 3);
    // reader may list, but not restore or purge
    let t = env.token("reader").await;
    env.send(Method::GET, LIST, Some(&t), None)
        .await
        .expect(200);
    env.send(Method::DELETE, &deleted_path(&guid(1)), Some(&t), None)
        .await
        .expect_error(403, "Authorization_RequestDenied");
    // the second tenant sees none of them
    let t2 = env.token("second-tenant").await;
    let v = env.send(Method::GET, LIST, Some(&t2), None).await.json();
    assert_eq!(v["value"].as_array().unwrap().len(), 0);
    env.send(Method::GET, &deleted_path(&guid(1)), Some(&t2), None)
        .await
        .expect_error(404, "Request_ResourceNotFound");
}
