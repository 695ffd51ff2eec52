curl 'https://shop.example.com/api/orders?customer_id=c_1042&limit=20' \
  -H 'accept: application/json' \
  -H 'accept-language: en-GB,en;q=0.9' \
  -H 'authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJjXzEwNDIiLCJpYXQiOjE3NjQ0OTM2NDJ9.q3x8Tt0dJmW1pVq2sK7aLrN4cBzE9yH6uF5gD1oI2jM' \
  -b 'sid=s%3AQx7fK2mNpL9vR3tW; theme=dark' \
  -H 'priority: u=1, i' \
  -H 'referer: https://shop.example.com/orders' \
  -H 'sec-ch-ua: "Chromium";v="131", "Not_A Brand";v="24"' \
  -H 'sec-ch-ua-mobile: ?0' \
  -H 'sec-ch-ua-platform: "Linux"' \
  -H 'sec-fetch-dest: empty' \
  -H 'sec-fetch-mode: cors' \
  -H 'sec-fetch-site: same-origin' \
  -H 'user-agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'
curl 'https://api.shop.example.com/orders/o_1042_7/items' \
  -H 'accept: application/json' \
  -H 'content-type: application/json' \
  -H 'origin: https://shop.example.com' \
  -H 'x-api-key: k9Zr2LmQ8vXc4TbN7pWs' \
  --data-raw $'{"sku":"sku_77","note":"it\'s a gift\\nwrap it","quantity":2}'
curl 'https://shop.example.com/api/login' \
  -H 'content-type: application/x-www-form-urlencoded' \
  --data-raw 'email=ada%40example.com&password=hunter2hunter2&remember=1' \
  --compressed
