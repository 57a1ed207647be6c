module consortium-gitops.local/node-tools

go 1.26.0
