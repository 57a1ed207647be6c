module consortium-gitops.local/ccaas-builder

go 1.24
