module example.com/cutover-demo-web

go 1.22
